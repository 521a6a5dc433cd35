from kernel.scoping import ScopedQuerySet


class OfficeQuerySet(ScopedQuerySet):
    pass


class UserQuerySet(ScopedQuerySet):
    pass


class AccountAuditQuerySet(ScopedQuerySet):
    pass
