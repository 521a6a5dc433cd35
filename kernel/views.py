"""Pieces of class-based views that the apps' views share."""

from django.views.generic.detail import SingleObjectMixin


class ObjectFormMixin(SingleObjectMixin):
    """A form about one object, loaded (and restricted by ``get_queryset``) before GET and POST; ``refuse``
    may answer instead of the form (the object is not in a state for it)."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.refuse() or super().post(request, *args, **kwargs)

    def refuse(self):
        """A response instead of the form when the object is not in a state for it, else None."""
        return None
