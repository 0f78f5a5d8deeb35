"""Send one exact version to the parties, collect their answers, remind, and tell when all agree.

The mechanism is built around `ConfirmationRequest` (one version sent), `ConfirmationRecipient`
(one party asked, and its answer) and `Invitation` (one e-mailed link). What is sent is a subject
(`subject.py`): a version of the problem description, to confirm, or (agreements/approval.py) a
version of the agreement draft, to approve. The subject supplies its wording, its version number, who
is asked and the answers it allows; everything else is written once, by job:

- `queries.py`   who is asked, and what the pages show (summaries, the matrix, what waits for a user);
- `links.py`     the e-mailed links: issuing, following, accepting, revoking;
- `sending.py`   sending a version, and sending a party its link again;
- `reminders.py` reminders by hand and automatic ones, and failed e-mails sent again;
- `answers.py`   a party's answer;
- `consensus.py` the moment every asked party agrees.

Who is asked about the problem description: every party with the role "partner" (not the lead, not
observers) whose state is proposed, invited or joined and that has a contact e-mail address. Sending
makes a proposed party invited. Accepting an invitation makes the party joined; answering "agrees" or
"wants changes" does too, and "declines" makes it declined. A declined party is not asked about later
versions.

Every operation here runs in one transaction and writes the event log; e-mails go through
`collaborations.tasks`.
"""
