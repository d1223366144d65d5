"""Task pages: thin adapters from forms and query strings to selectors and services.

- `listing`: the list, its count and its export;
- `task`: the task page and the forms that write to a task;
- `comments`: a comment posted to the task's discussion;
- `decisions`: the assigning side's decisions and inbox;
- `imports`: upload, preview and confirm an import.
"""
