class ToolRequirement:
    def __init__(self, name=None, type=None, version=None, specs=None): self.name, self.type, self.version = name, type, version
    def to_dict(self): return {"name": self.name, "type": self.type, "version": self.version}
    @staticmethod
    def from_dict(d): return ToolRequirement(d.get("name"), d.get("type"), d.get("version"))
