from django.urls import path

from checklist import bid_views, est_views, follow_up_views, legal_views, roles_views, signatory_views, views

# Step forms offer "Spara och gå till nästa steg" (views.and_next).
and_next = views.and_next

urlpatterns = [
    path("samverkan/<int:pk>/steg/<int:number>/", views.step_detail, name="step_detail"),
    path(
        "samverkan/<int:pk>/steg/<int:number>/ej-tillampligt/",
        views.step_not_applicable,
        name="step_not_applicable",
    ),
    path("samverkan/<int:pk>/steg/<int:number>/oppna/", views.step_reopen, name="step_reopen"),
    path("samverkan/<int:pk>/steg/<int:number>/klart/", views.step_mark_done, name="step_mark_done"),
    path("samverkan/<int:pk>/checklista/uppgradera/", views.checklist_upgrade, name="checklist_upgrade"),
    path("samverkan/<int:pk>/roller/alla/", and_next(roles_views.roles_edit_all), name="roles_edit_all"),
    path(
        "samverkan/<int:pk>/roller/<int:party_pk>/",
        and_next(views.contribution_edit),
        name="contribution_edit",
    ),
    path(
        "samverkan/<int:pk>/roller/<int:party_pk>/betald-tjanst/ny/",
        views.paid_service_add,
        name="paid_service_add",
    ),
    path(
        "samverkan/<int:pk>/betald-tjanst/<int:service_pk>/ta-bort/",
        views.paid_service_remove,
        name="paid_service_remove",
    ),
    path(
        "samverkan/<int:pk>/organisation/",
        and_next(views.work_organisation_edit),
        name="work_organisation_edit",
    ),
    path(
        "samverkan/<int:pk>/organisation/medlem/ny/",
        and_next(views.group_member_add),
        name="group_member_add",
    ),
    path(
        "samverkan/<int:pk>/organisation/medlem/<int:member_pk>/ta-bort/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("samverkan/<int:pk>/juridik/", and_next(legal_views.legal_reviews_edit), name="legal_reviews_edit"),
    path(
        "samverkan/<int:pk>/juridik/<slug:topic>/",
        and_next(views.legal_review_edit),
        name="legal_review_edit",
    ),
    path("samverkan/<int:pk>/aktiviteter/ny/", and_next(views.activity_edit), name="activity_create"),
    path(
        "samverkan/<int:pk>/aktiviteter/<int:activity_pk>/",
        and_next(views.activity_edit),
        name="activity_edit",
    ),
    path(
        "samverkan/<int:pk>/aktiviteter/<int:activity_pk>/ta-bort/",
        views.activity_delete,
        name="activity_delete",
    ),
    path("samverkan/<int:pk>/budget/ny/", and_next(views.budget_line_edit), name="budget_line_create"),
    path(
        "samverkan/<int:pk>/budget/<int:line_pk>/", and_next(views.budget_line_edit), name="budget_line_edit"
    ),
    path(
        "samverkan/<int:pk>/budget/<int:line_pk>/ta-bort/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path(
        "samverkan/<int:pk>/uppfoljning/", and_next(follow_up_views.follow_ups_edit), name="follow_ups_edit"
    ),
    path(
        "samverkan/<int:pk>/uppfoljning/<int:sub_goal_pk>/",
        and_next(views.follow_up_edit),
        name="follow_up_edit",
    ),
    path("samverkan/<int:pk>/kommunikation/", and_next(views.communication_edit), name="communication_edit"),
    path("samverkan/<int:pk>/avtalstid/", and_next(views.terms_edit), name="terms_edit"),
    path(
        "samverkan/<int:pk>/avtalstid/undertecknare/",
        and_next(signatory_views.signatories_edit),
        name="signatories_edit",
    ),
    path(
        "samverkan/<int:pk>/avtalstid/undertecknare/<int:party_pk>/",
        signatory_views.signatory_edit,
        name="signatory_edit",
    ),
    path("samverkan/<int:pk>/modell/", views.model_choice, name="model_choice"),
    path("samverkan/<int:pk>/modell/valj/", views.model_choose, name="model_choose"),
    path("samverkan/<int:pk>/modell/detaljer/", views.model_details, name="model_details"),
    path("samverkan/<int:pk>/modell/bid/", bid_views.bid_detail, name="bid_detail"),
    path(
        "samverkan/<int:pk>/modell/bid/kategori/ny/", bid_views.bid_category_edit, name="bid_category_create"
    ),
    path(
        "samverkan/<int:pk>/modell/bid/kategori/<int:category_pk>/",
        bid_views.bid_category_edit,
        name="bid_category_edit",
    ),
    path(
        "samverkan/<int:pk>/modell/bid/kategori/<int:category_pk>/ta-bort/",
        bid_views.bid_category_delete,
        name="bid_category_delete",
    ),
    path("samverkan/<int:pk>/modell/bid/fastighet/ny/", bid_views.bid_member_edit, name="bid_member_create"),
    path(
        "samverkan/<int:pk>/modell/bid/fastighet/<int:member_pk>/",
        bid_views.bid_member_edit,
        name="bid_member_edit",
    ),
    path(
        "samverkan/<int:pk>/modell/bid/fastighet/<int:member_pk>/ta-bort/",
        bid_views.bid_member_delete,
        name="bid_member_delete",
    ),
    path("samverkan/<int:pk>/modell/est/", and_next(est_views.est_edit), name="est_edit"),
    path("samverkan/<int:pk>/modell/est/rapportor/ny/", est_views.reporter_edit, name="est_reporter_create"),
    path(
        "samverkan/<int:pk>/modell/est/rapportor/<int:reporter_pk>/",
        est_views.reporter_edit,
        name="est_reporter_edit",
    ),
    path(
        "samverkan/<int:pk>/modell/est/rapportor/<int:reporter_pk>/ta-bort/",
        est_views.reporter_delete,
        name="est_reporter_delete",
    ),
]
