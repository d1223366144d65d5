"""Security checks spanning every app: the access matrix over every URL pattern."""
