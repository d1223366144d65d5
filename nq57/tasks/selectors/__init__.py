"""Every read of tasks a page, the API, a command or an export uses; each starts from the
actor's scope, or takes a queryset that did.

- `status_sql`: the status rule (DESIGN.md §6) in SQL, over any queryset of tasks;
- `summaries`: status counts, breakdowns and series, from the rollups or the tasks;
- `attention`: tasks due soon, overdue or stale;
- `listing`: the task list, one selector for the page, the API and the exports;
- `detail`: one task's page;
- `deciding`: the requests waiting for a decision, with what each rests on;
- `public_ranking`: the public ranking's counts and lists, the same whoever looks (the one read
  that does not start from an actor).
"""
