class DependenciesDescription:
    def __init__(self, requirements=None, installed_tool_dependencies=None): self.requirements = requirements or []; self.installed_tool_dependencies = installed_tool_dependencies or []
    def to_dict(self): return {"requirements": [r.to_dict() for r in self.requirements], "installed_tool_dependencies": []}
    @staticmethod
    def from_dict(d): return None if d is None else DependenciesDescription()
