"""The Galaxy side of gxtest.py: a slice of Galaxy's datatype hierarchy, and objects that behave
in Cheetah like Galaxy's wrappers (lib/galaxy/tools/wrappers.py) for datasets, collections,
filtered outputs, values (sanitized as Galaxy does) and booleans."""


class TestError(Exception):
    """The test, or the tool's handling of it, is wrong: the test fails with this message."""


# ---- datatypes ---------------------------------------------------------------------------------
# A small slice of Galaxy's datatype hierarchy (lib/galaxy/datatypes), enough for is_of_type and
# for checking that a test dataset is acceptable to the param it feeds.
PARENT = {
    "fastqsanger": "fastq", "fastq": "sequence", "fastqsanger.gz": "fastq.gz", "fastq.gz": "sequence",
    "fasta": "sequence", "sequence": "data",
    "json": "txt", "html": "txt", "tabular": "txt", "csv": "txt", "tsv": "txt", "txt": "data",
    "sam": "tabular", "bam": "binary", "binary": "data", "zip": "binary", "png": "binary",
    # cryo-EM (plateau_class2d): MRC particle stacks and RELION STAR files, declared by the server.
    "mrcs": "binary", "star": "txt",
}
SUFFIX_EXT = [(".fastqsanger.gz", "fastqsanger.gz"), (".fastqsanger", "fastqsanger"),
              (".fastq.gz", "fastqsanger.gz"), (".fq.gz", "fastqsanger.gz"),
              (".fastq", "fastqsanger"), (".fq", "fastqsanger"), (".fasta", "fasta"), (".fa", "fasta"),
              (".json", "json"), (".html", "html"), (".txt", "txt"), (".tabular", "tabular"),
              (".tsv", "tabular"), (".sam", "sam"), (".bam", "bam"),
              (".mrcs", "mrcs"), (".star", "star")]


def is_subtype(ext, wanted):
    while ext:
        if ext == wanted:
            return True
        ext = PARENT.get(ext)
    return wanted == "data"


def ext_from_name(path):
    for suffix, ext in SUFFIX_EXT:
        if path.endswith(suffix):
            return ext
    return None


# ---- wrappers that behave like Galaxy's in Cheetah (lib/galaxy/tools/wrappers.py) ---------------
SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -=_.()/+*^,:?!")
MAPPED = {">": "__gt__", "<": "__lt__", "'": "__sq__", '"': "__dq__", "[": "__ob__", "]": "__cb__",
          "{": "__oc__", "}": "__cc__", "@": "__at__", "\n": "__cn__", "\r": "__cr__", "\t": "__tc__",
          "#": "__pd__"}


def sanitize(text):
    return "".join(c if c in SAFE else MAPPED.get(c, "X") for c in text)


class DatasetWrapper:
    is_collection = False

    def __init__(self, path, ext, name, element_identifier=None):
        self.file_name = path
        self.ext = ext
        self.name = name
        self.element_identifier = element_identifier or name
        self.extra_files_path = path[:-4] + "_files" if path.endswith(".dat") else path + "_files"
        self.files_path = self.extra_files_path
        self.metadata = _Empty()

    def is_of_type(self, *exts):
        return any(is_subtype(self.ext, e) for e in exts)

    def __str__(self):
        return self.file_name

    def __bool__(self):
        return True


class NoneDataset:
    """What a filtered-out output or an unset optional data input looks like ("None")."""
    is_collection = False
    ext = "data"

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def is_of_type(self, *exts):
        return False

    def __str__(self):
        return "None"

    def __bool__(self):
        return False


class _Empty:
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return None


class CollectionWrapper:
    is_collection = True

    def __init__(self, name, collection_type, elements):
        self.__dict__["_elements"] = elements  # ordered {identifier: DatasetWrapper}
        self.__dict__["name"] = name
        self.__dict__["collection_type"] = collection_type

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return self._elements[key]
        except KeyError:
            raise AttributeError(f"collection has no element '{key}'") from None

    def __getitem__(self, key):
        if isinstance(key, int):
            return list(self._elements.values())[key]
        return self._elements[key]

    def keys(self):
        return list(self._elements.keys())

    def __iter__(self):
        return iter(self._elements.values())

    def __len__(self):
        return len(self._elements)

    def __bool__(self):
        return True

    def __str__(self):
        return ",".join(str(e) for e in self._elements.values())


class ValueWrapper:
    """integer, float, text, hidden and select values: str() is what goes on the command line."""

    def __init__(self, value, sanitized=True):
        self.value = value
        self._sanitized = sanitized

    def __str__(self):
        if self.value is None:
            return ""
        if isinstance(self.value, list):
            return ",".join(sanitize(str(v)) if self._sanitized else str(v) for v in self.value)
        s = str(self.value)
        return sanitize(s) if self._sanitized and isinstance(self.value, str) else s

    def __bool__(self):
        return bool(self.value) if not isinstance(self.value, str) else self.value not in ("", "None")

    def __eq__(self, other):
        if isinstance(other, ValueWrapper):
            other = other.value
        if isinstance(other, (int, float)) and not isinstance(other, bool) and self.value is not None:
            try:
                return float(self.value) == float(other)
            except (TypeError, ValueError):
                return False
        return str(self) == str(other) if other is not None else self.value is None

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(str(self))

    def __int__(self):
        return int(float(self.value))

    def __float__(self):
        return float(self.value)

    def __lt__(self, other):
        return float(self) < float(other)

    def __gt__(self, other):
        return float(self) > float(other)

    def __iter__(self):
        return iter(self.value if isinstance(self.value, list) else [self.value])

    def __contains__(self, item):
        return item in (self.value if isinstance(self.value, list) else [self.value])

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.value, name)


class BooleanWrapper:
    def __init__(self, value, truevalue, falsevalue):
        self.value = value
        self._text = truevalue if value else falsevalue

    def __str__(self):
        return self._text

    def __bool__(self):
        return self.value

    def __eq__(self, other):
        if isinstance(other, bool):
            return self.value == other
        return str(self) == str(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._text)


# ---- parameters --------------------------------------------------------------------------------
def param_name(el):
    name = el.get("name")
    if name:
        return name
    arg = el.get("argument")
    if not arg:
        raise TestError(f"<param> without name or argument (line {el.sourceline})")
    return arg.lstrip("-").replace("-", "_")


def truthy(s):
    return str(s).strip().lower() in ("true", "yes", "on", "1")
