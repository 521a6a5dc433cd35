import sys

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.generic import TemplateView

from accounts.selectors import office_overview, unread_notifications
from activities.selectors.targets import home_targets
from dp3.health import database_unreachable, service_unavailable
from reports.actions import open_actions, total
from reports.dashboards import home_place
from reports.dashboards.views import dashboard_context

NAV_NOTIFICATIONS = 5


class HomeView(LoginRequiredMixin, TemplateView):
    """The home page: the user's office and jurisdiction, the progress of its targets (with those of the
    offices one level beneath, for a province office or KPU RI) and the dashboard of its jurisdiction (the
    country, its province or its regency) for a programme year."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = open_actions(self.request.user)  # one query (+3 for the milestones)
        context["actions_total"] = total(context["actions"])  # the navigation badge's number too
        context["overview"] = office_overview(user=self.request.user)
        context["targets"] = home_targets(user=self.request.user)
        place = home_place(user=self.request.user)
        if place is not None:
            context.update(dashboard_context(self.request, place))
        return context


class NavigationStatusView(LoginRequiredMixin, TemplateView):
    """The navigation bar's badges, fetched by HTMX once the page has loaded (so that no page pays for them
    in its own queries): how many things wait on the user (``reports.actions``) and their unread
    notifications with the newest few. Two queries."""

    template_name = "includes/nav_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        notifications, unread_count = unread_notifications(user=user, limit=NAV_NOTIFICATIONS)
        context.update(
            action_count=total(open_actions(user)),
            notifications=notifications,
            unread_count=unread_count,
        )
        return context


def _error(request, template: str, status: int):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    """handler500. Django calls it while handling the exception, so ``sys.exc_info()`` names it: a database
    that cannot be reached gets the 503 page (``dp3/health.py``), anything else the 500 page. Neither
    loads context processors: the error may be the database itself."""
    if database_unreachable(sys.exc_info()[1]):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())
