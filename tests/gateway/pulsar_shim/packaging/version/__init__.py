def parse(v):
    return tuple(int(p) if p.isdigit() else 0 for p in str(v).replace("dev", ".").split(".") if p != "")
Version = parse
