#!/usr/bin/env bash
# Memory per loaded item, above the empty app: peak (VmHWM) and held (VmRSS) RSS of the TUI
# browsing a saved empty and a saved 100,000-item /client/inventory response, and peak RSS of
# the headless command on the same files. Also on a worst case where every item and sticker
# has its own icon (nothing to share). Needs tmux, jq and GNU time.
#   benches/memory.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-100000}
cargo build --release --quiet
bin=$PWD/target/release/tradedeck
dir=$(mktemp -d)
session=tradedeck-memory
trap 'kill $sim 2>/dev/null; tmux kill-session -t $session 2>/dev/null; rm -rf "$dir"' EXIT

port=8791
$bin sim --port $port --items "$items" >/dev/null 2>&1 & sim=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/client/inventory?limit=1" -H "Authorization: demo-client-token"; do sleep 0.1; done
curl -s -o "$dir/full.json" "http://127.0.0.1:$port/client/inventory?limit=-1" -H "Authorization: demo-client-token"
curl -s -o "$dir/empty.json" "http://127.0.0.1:$port/client/inventory?limit=-1&search=no-such-item" -H "Authorization: demo-client-token"
jq -c '.data.inventory |= map(.id as $id | .iconUrl = ($id + $id)[0:48]
        | if .stickers then .stickers |= map(.iconUrl = ((.slot | tostring) + $id + $id)[0:48]) else . end)' \
  "$dir/full.json" > "$dir/unique-icons.json"

# The TUI's RSS once the saved inventory is on screen: "peak held" in KiB.
tui() {
  tmux kill-session -t $session 2>/dev/null || true
  tmux new-session -d -s $session -x 200 -y 50 "exec $bin --input $1"
  until tmux capture-pane -p -t $session | grep -q "items ·"; do sleep 0.1; done
  local pid
  pid=$(tmux list-panes -t $session -F '#{pane_pid}')
  echo "$(awk '/VmHWM/{print $2}' /proc/"$pid"/status) $(awk '/VmRSS/{print $2}' /proc/"$pid"/status)"
  tmux kill-session -t $session
}
headless() { /usr/bin/time -f "%M" "$bin" inventory --input "$1" --all --json 2>&1 >/dev/null | tail -1; }
per_item() { echo $(( ($1 - $2) * 1024 / items )); }

read -r empty_peak empty_held < <(tui "$dir/empty.json")
empty_headless=$(headless "$dir/empty.json")
for file in full unique-icons; do
  read -r peak held < <(tui "$dir/$file.json")
  cli=$(headless "$dir/$file.json")
  echo "$file ($items items): TUI peak $(per_item "$peak" "$empty_peak") B/item, held $(per_item "$held" "$empty_held") B/item" \
       "(RSS ${empty_held} → ${held} KiB); headless peak $(per_item "$cli" "$empty_headless") B/item"
done
