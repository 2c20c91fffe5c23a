#!/usr/bin/python3
"""Writes the Apptainer metadata of a SIF into an unpacked image root filesystem, as `apptainer
build` does for a docker-archive bootstrap, and the JSON object Apptainer stores next to the
squashfs partition (descriptor name inspect-metadata.json, read by `apptainer inspect`).

Usage: sif-metadata.py ROOTFS IMAGE_CONFIG.json DEFFILE ARCHIVE_NAME OUT_INSPECT_JSON

In ROOTFS/.singularity.d: Singularity (the definition, {{ ARCHIVE }} replaced), labels.json (the
image's OCI labels, the definition's %labels, Apptainer's build labels), runscript, test,
runscript.help, env/10-docker2singularity.sh (the image's Env), actions/{exec,run,shell,test};
the /singularity, /.exec, /.run, /.shell and /.test links. SOURCE_DATE_EPOCH, when set, is the
build date (reproducible builds).
"""
import datetime
import json
import os
import re
import shlex
import sys

ARCH = {"amd64": "amd64", "x86_64": "amd64", "arm64": "arm64", "aarch64": "arm64"}


def sections(text):
    """Header keys (lower case) and %sections of a definition file."""
    header, body, name = {}, {}, None
    for line in text.splitlines():
        m = re.match(r"^%(\w+)\s*$", line)
        if m:
            name = m.group(1).lower()
            body[name] = []
        elif name is None:
            kv = re.match(r"^(\w+):\s*(.*?)\s*$", line)
            if kv:
                header[kv.group(1).lower()] = kv.group(2)
        else:
            body[name].append(line)
    # Section bodies lose their common indentation, as Apptainer's parser keeps them verbatim
    # but shells do not care; blank lines at the ends go.
    out = {}
    for key, lines in body.items():
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        indent = min((len(l) - len(l.lstrip()) for l in lines if l.strip()), default=0)
        out[key] = "\n".join(l[indent:] for l in lines)
    return header, out


def labels_of(section):
    labels = {}
    for line in section.splitlines():
        parts = line.strip().split(None, 1)
        if parts and not parts[0].startswith("#"):
            labels[parts[0]] = parts[1] if len(parts) > 1 else ""
    return labels


def write(path, text, mode):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def symlink(target, path):
    if os.path.lexists(path):
        os.remove(path)
    os.symlink(target, path)


def main(argv):
    rootfs, config_path, def_path, archive_name, inspect_out = argv[1:6]
    config = json.load(open(config_path))
    image_config = config.get("config") or config.get("Config") or {}
    deffile = open(def_path).read().replace("{{ ARCHIVE }}", archive_name)
    header, sec = sections(deffile)
    sd = os.path.join(rootfs, ".singularity.d")

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
           else datetime.datetime.now(datetime.timezone.utc))
    arch = ARCH.get(config.get("architecture", "amd64"), config.get("architecture", "amd64"))
    labels = dict(image_config.get("Labels") or {})
    labels.update({
        "org.label-schema.schema-version": "1.0",
        "org.opencontainers.image.created": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "org.label-schema.build-date": now.strftime("%A_%d_%B_%Y_%H:%M:%S_UTC"),
        "org.label-schema.build-arch": arch,
        "org.opencontainers.image.architecture": arch,
        "org.label-schema.usage.apptainer.sif-assembler": "containers/build-sif.sh (mksquashfs + siftool)",
    })
    for key, value in header.items():
        labels[f"org.label-schema.usage.singularity.deffile.{key}"] = value
    if sec.get("help"):
        labels["org.label-schema.usage"] = "/.singularity.d/runscript.help"
        labels["org.label-schema.usage.apptainer.runscript.help"] = "/.singularity.d/runscript.help"
    for key, value in labels_of(sec.get("labels", "")).items():
        labels.setdefault(key, value)  # an image label wins, as in Apptainer without --force

    env_lines = ["#!/bin/sh"]
    for item in image_config.get("Env") or []:
        name, _, value = item.partition("=")
        if name == "PATH":  # keep the host's additions behind the image's own PATH
            env_lines.append(f"export PATH={shlex.quote(value)}")
        else:
            env_lines.append(f"export {name}=\"${{{name}:-{value}}}\"")
    env_script = "\n".join(env_lines) + "\n"

    runscript = "#!/bin/sh\n\n" + sec.get("runscript", "exec \"$@\"") + "\n"
    test = "#!/bin/sh\n\n" + sec.get("test", "") + "\n" if sec.get("test") else None
    helpfile = sec.get("help", "") + "\n" if sec.get("help") else None

    write(os.path.join(sd, "Singularity"), deffile, 0o644)
    write(os.path.join(sd, "labels.json"), json.dumps(labels, indent="\t", sort_keys=True), 0o644)
    write(os.path.join(sd, "env", "10-docker2singularity.sh"), env_script, 0o755)
    write(os.path.join(sd, "runscript"), runscript, 0o755)
    if test:
        write(os.path.join(sd, "test"), test, 0o755)
    if helpfile:
        write(os.path.join(sd, "runscript.help"), helpfile, 0o644)
    # Action scripts for runtimes that use them (Apptainer 1.x runs its own, built in).
    source_env = 'for f in /.singularity.d/env/*.sh; do [ -f "$f" ] && . "$f"; done\n'
    actions = {
        "exec": "exec \"$@\"\n",
        "run": "exec /.singularity.d/runscript \"$@\"\n",
        "shell": "exec /bin/bash \"$@\"\n",
        "test": "exec /.singularity.d/test \"$@\"\n",
    }
    for name, line in actions.items():
        write(os.path.join(sd, "actions", name), "#!/bin/sh\n" + source_env + line, 0o755)
        symlink(f".singularity.d/actions/{name}", os.path.join(rootfs, f".{name}"))
    symlink(".singularity.d/runscript", os.path.join(rootfs, "singularity"))
    for d in ("libs",):
        os.makedirs(os.path.join(sd, d), exist_ok=True)

    attributes = {"labels": labels, "deffile": deffile, "runscript": runscript,
                  "environment": {"/.singularity.d/env/10-docker2singularity.sh": env_script}}
    if test:
        attributes["test"] = test
    if helpfile:
        attributes["helpfile"] = helpfile
    with open(inspect_out, "w") as f:
        json.dump({"data": {"attributes": attributes}, "type": "container"}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
