from django.dispatch import Signal

results_changed = Signal()
