from django.urls import path

from checklist.views import and_next
from collaborations import confirmation_views, invitation_views, organisation_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("matt/golv/", views.floor, name="floor"),
    path("organisationer/", organisation_views.organisation_list, name="organisation_list"),
    path("organisationer/byt/", organisation_views.organisation_switch, name="organisation_switch"),
    path("organisationer/<int:pk>/", organisation_views.organisation_detail, name="organisation_detail"),
    path(
        "organisationer/<int:pk>/medlemmar/<int:membership_pk>/ta-bort/",
        organisation_views.member_remove,
        name="member_remove",
    ),
    path("samverkan/ny/", views.collaboration_create, name="collaboration_create"),
    path("samverkan/<int:pk>/", views.collaboration_detail, name="collaboration_detail"),
    path("samverkan/<int:pk>/redigera/", views.collaboration_edit, name="collaboration_edit"),
    path("samverkan/<int:pk>/avsluta/", views.collaboration_close, name="collaboration_close"),
    path("samverkan/<int:pk>/parter/", views.party_list, name="party_list"),
    path("samverkan/<int:pk>/parter/ny/", views.party_add, name="party_add"),
    path("samverkan/<int:pk>/parter/<int:party_pk>/", views.party_edit, name="party_edit"),
    path(
        "samverkan/<int:pk>/parter/<int:party_pk>/diarienummer/",
        views.party_case_number,
        name="party_case_number",
    ),
    path("samverkan/<int:pk>/boende/", views.involvement_list, name="involvement_list"),
    path("samverkan/<int:pk>/boende/<int:entry_pk>/", views.involvement_edit, name="involvement_edit"),
    path("samverkan/<int:pk>/problem/", views.problem_detail, name="problem_detail"),
    path("samverkan/<int:pk>/problem/redigera/", views.problem_edit, name="problem_edit"),
    path("samverkan/<int:pk>/problem/version/<int:version>/", views.problem_version, name="problem_version"),
    # Confirmation of the problem description
    path("samverkan/<int:pk>/problem/skicka/", confirmation_views.problem_send, name="problem_send"),
    path("samverkan/<int:pk>/problem/jamfor/", confirmation_views.problem_compare, name="problem_compare"),
    path(
        "samverkan/<int:pk>/bekraftelser/", confirmation_views.confirmation_matrix, name="confirmation_matrix"
    ),
    path(
        "samverkan/<int:pk>/bekraftelser/<int:party_pk>/paminn/",
        confirmation_views.confirmation_remind,
        name="confirmation_remind",
    ),
    path(
        "samverkan/<int:pk>/bekraftelser/<int:party_pk>/skicka-igen/",
        confirmation_views.confirmation_resend,
        name="confirmation_resend",
    ),
    path(
        "samverkan/<int:pk>/bekraftelser/<int:party_pk>/aterkalla/",
        confirmation_views.confirmation_revoke,
        name="confirmation_revoke",
    ),
    path(
        "samverkan/<int:pk>/svar/<int:party_pk>/",
        confirmation_views.confirmation_answer,
        name="confirmation_answer",
    ),
    path(
        "samverkan/<int:pk>/svar/<int:party_pk>/tack/",
        confirmation_views.confirmation_thanks,
        name="confirmation_thanks",
    ),
    path("inbjudan/", invitation_views.invitation_current, name="invitation_current"),
    path("inbjudan/pdf/", invitation_views.invitation_pdf, name="invitation_pdf"),
    path("inbjudan/<str:token>/", invitation_views.invitation_landing, name="invitation_landing"),
    path("samverkan/<int:pk>/mal/", views.goal_detail, name="goal_detail"),
    path("samverkan/<int:pk>/mal/delmal/ny/", and_next(views.sub_goal_edit), name="sub_goal_create"),
    path(
        "samverkan/<int:pk>/mal/delmal/<int:sub_goal_pk>/",
        and_next(views.sub_goal_edit),
        name="sub_goal_edit",
    ),
    path(
        "samverkan/<int:pk>/mal/delmal/<int:sub_goal_pk>/ta-bort/",
        views.sub_goal_delete,
        name="sub_goal_delete",
    ),
    path("samverkan/<int:pk>/forankring/", views.mandate_list, name="mandate_list"),
    path("samverkan/<int:pk>/forankring/<int:party_pk>/", views.mandate_edit, name="mandate_edit"),
]
