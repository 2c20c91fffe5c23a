// Files from a drop or a file input, each with the path the dataset will be named after: a
// dropped or chosen folder keeps its relative paths ("run42/lane1/reads.fq.gz").

// The entries must be taken while the drop event is being handled (the DataTransfer is emptied
// afterwards); walking them may then take its time.
export function entriesFromDrop(dataTransfer) {
  const entries = [];
  const loose = [];
  for (const item of dataTransfer.items || []) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else if (item.getAsFile()) loose.push(item.getAsFile());
  }
  if (!entries.length && !loose.length) loose.push(...(dataTransfer.files || []));
  return { entries, loose };
}

function fileOf(entry) {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

// A directory reader returns its entries in batches (100 in Chromium) until an empty one.
async function childrenOf(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) return all;
    all.push(...batch);
  }
}

async function walk(entry, prefix, out) {
  if (entry.isFile) {
    out.push({ file: await fileOf(entry), path: prefix + entry.name });
  } else if (entry.isDirectory) {
    for (const child of await childrenOf(entry)) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

export async function filesFromDrop({ entries, loose }) {
  const out = loose.map((file) => ({ file, path: file.name }));
  for (const entry of entries) await walk(entry, '', out);
  return out;
}

export function filesFromInput(input) {
  return [...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
