"""Imports every module that declares fields, so the registry is complete."""

from sysdigpy.fields import container  # noqa: F401
from sysdigpy.fields import evt  # noqa: F401
from sysdigpy.fields import proc  # noqa: F401
