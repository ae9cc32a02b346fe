"""Who has tasks: the task pages are for the people whose work starts one.

Only an offer-file upload records who started it (`catalog.uploads`); scheduled tasks belong to
nobody and only superusers see them. So the task list and pages are for who may upload offer
files (a provider's editor, an administrator) and superusers. For any other role the list would
always be empty and the menu has no entry: the pages answer 403.
"""

from scharnier.organisations.models import Role
from scharnier.organisations.permissions import holds_role


def starts_jobs(user) -> bool:
    """Whether this user can have tasks (and sees "Taken" in the work menu)."""
    return holds_role(user, Role.PROVIDER_EDITOR, Role.ADMINISTRATOR)
