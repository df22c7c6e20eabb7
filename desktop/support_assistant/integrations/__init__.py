"""Public hooks for products that want to call Support Assistant."""
