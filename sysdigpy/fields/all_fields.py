"""Imports every module that declares fields, so the registry is complete (in -l order)."""

from sysdigpy.fields import container  # noqa: F401
from sysdigpy.fields import evt  # noqa: F401
from sysdigpy.fields import fd  # noqa: F401
from sysdigpy.fields import fdlist  # noqa: F401
from sysdigpy.fields import proc  # noqa: F401
from sysdigpy.fields import user  # noqa: F401
