from django.contrib.auth import views as auth_views
from django.views.generic import ListView

from dp3.scoping.mixins import ScopedObjectMixin

from .forms import LoginForm
from .models import User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class UserListView(ScopedObjectMixin, ListView):
    model = User
    scope_action = "manage"
    template_name = "accounts/user_list.html"
    paginate_by = 50
