class Bunch(dict):
    def __init__(self, **kw): dict.__init__(self, kw); self.__dict__.update(kw)
    def __getattr__(self, k):
        try: return self[k]
        except KeyError: raise AttributeError(k)
    def __setattr__(self, k, v): self[k] = v; self.__dict__[k] = v
    def get(self, k, d=None): return dict.get(self, k, d)
