from typing import Optional
from pydantic import BaseModel
class TesResources(BaseModel):
    cpu_cores: Optional[int] = None
    ram_gb: Optional[float] = None
    disk_gb: Optional[float] = None
    preemptible: Optional[bool] = None
    zones: Optional[list] = None
class _Any(BaseModel):
    pass
def __getattr__(name): return _Any
