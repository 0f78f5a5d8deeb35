from django.urls import path

from collaborations import organisation_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
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
    path("samverkan/<int:pk>/boende/", views.involvement_list, name="involvement_list"),
    path("samverkan/<int:pk>/boende/<int:entry_pk>/", views.involvement_edit, name="involvement_edit"),
    path("samverkan/<int:pk>/problem/", views.problem_detail, name="problem_detail"),
    path("samverkan/<int:pk>/problem/redigera/", views.problem_edit, name="problem_edit"),
    path("samverkan/<int:pk>/problem/version/<int:version>/", views.problem_version, name="problem_version"),
    path("samverkan/<int:pk>/mal/", views.goal_detail, name="goal_detail"),
    path("samverkan/<int:pk>/mal/delmal/ny/", views.sub_goal_edit, name="sub_goal_create"),
    path("samverkan/<int:pk>/mal/delmal/<int:sub_goal_pk>/", views.sub_goal_edit, name="sub_goal_edit"),
    path(
        "samverkan/<int:pk>/mal/delmal/<int:sub_goal_pk>/ta-bort/",
        views.sub_goal_delete,
        name="sub_goal_delete",
    ),
    path("samverkan/<int:pk>/forankring/", views.mandate_list, name="mandate_list"),
    path("samverkan/<int:pk>/forankring/<int:party_pk>/", views.mandate_edit, name="mandate_edit"),
    path("samverkan/<int:pk>/modell/", views.model_choice, name="model_choice"),
]
