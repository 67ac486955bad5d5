"""The usage report in the admin's Reports menu, for those who may view usage counts."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .report import UsageReportView


class UsageMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return UsageReportView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_usage_menu_item() -> MenuItem:
    return UsageMenuItem(
        UsageReportView.page_title,
        reverse("usage_report"),
        name="usage",
        icon_name="table",
        order=650,
    )


@hooks.register("register_admin_urls")
def register_usage_report_urls() -> list:
    return [
        path("reports/luot-dung/", UsageReportView.as_view(), name="usage_report"),
        path(
            "reports/luot-dung/results/",
            UsageReportView.as_view(results_only=True),
            name="usage_report_results",
        ),
    ]
