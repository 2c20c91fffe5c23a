// The user's datasets (GET /api/v1/datasets): a table with name, size, SHA-256, owner, date and
// a delete button. Text only ever goes in through textContent.

export function formatBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return i === 0 ? `${n} B` : `${n.toFixed(1)} ${units[i]}`;
}

function cell(row, text, className) {
  const td = row.insertCell();
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

export function renderDatasets(tbody, listing, onDelete) {
  tbody.replaceChildren();
  for (const d of listing.datasets) {
    const row = tbody.insertRow();
    row.dataset.id = d.id;
    cell(row, d.name || d.id);
    cell(row, formatBytes(d.size), 'size').title = `${d.size} bytes`;
    const sha = document.createElement('code');
    sha.className = 'sha';
    sha.textContent = d.sha256;
    row.insertCell().append(sha);
    cell(row, d.group && d.group !== d.owner ? `${d.owner} (${d.group})` : d.owner);
    cell(row, d.created);
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Delete';
    remove.setAttribute('aria-label', `Delete dataset ${d.name || d.id}`);
    remove.addEventListener('click', () => onDelete(d));
    row.insertCell().append(remove);
  }
  if (!listing.datasets.length) {
    const td = tbody.insertRow().insertCell();
    td.colSpan = 6;
    td.textContent = 'No datasets yet.';
  }
}

export function usageText(listing) {
  const used = formatBytes(listing.total_bytes);
  const quota = listing.quota_bytes == null ? 'no quota' : `quota ${formatBytes(listing.quota_bytes)}`;
  return `${listing.datasets.length} datasets, ${used} (group ${listing.group}, ${quota})`;
}
