"""Permission policies the apps' admin views share."""

from wagtail.permission_policies import ModelPermissionPolicy


class ViewOnlyPolicy(ModelPermissionPolicy):
    """Records written by the system (harvest runs, readers' alerts): people may look, never
    edit or add."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])
