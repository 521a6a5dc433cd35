"""Views of the activities app, one module per area: meetings, trainings, outreach, evaluations, targets."""
