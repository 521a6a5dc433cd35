"""The project's URLs and one write endpoint on the API's defaults (authentication, permissions,
throttles), for the tests of a client's access and of CSRF before the API has writes of its own."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from dp3.urls import urlpatterns as project_urlpatterns


class EchoView(APIView):
    def post(self, request):
        return Response({"user": request.user.username}, status=201)


urlpatterns = [
    path("api/v1/uji-tulis/", EchoView.as_view(), name="test_write"),
    *project_urlpatterns,
]
