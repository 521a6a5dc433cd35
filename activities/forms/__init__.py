"""Forms of the activities app (input shape only), one module per area."""
