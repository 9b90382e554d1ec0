#!/usr/bin/env bash
# Times the headless search against the equivalent jq filter on the same saved 100,000-item
# /client/inventory response. Needs hyperfine and jq. (Memory: benches/memory.sh.)
#   benches/compare_jq.sh [ITEMS]
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-100000}
cargo build --release --quiet
bin=target/release/tradedeck
dir=$(mktemp -d)
trap 'kill $sim 2>/dev/null; rm -rf "$dir"' EXIT

port=8790
$bin sim --port $port --items "$items" >/dev/null 2>&1 & sim=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/client/inventory?limit=1" -H "Authorization: demo-client-token"; do sleep 0.1; done
curl -s -o "$dir/inventory.json" "http://127.0.0.1:$port/client/inventory?limit=-1" -H "Authorization: demo-client-token"
echo "saved $(stat -c %s "$dir/inventory.json") bytes, $items items"

filter='.data.inventory
  | map(select(((.name // "") | ascii_downcase | contains("redline")) or ((.marketHashName // "") | ascii_downcase | contains("redline"))))
  | sort_by(-.offer.price) | {count: length, items: .}'
# Same answer first: counts and order of ids.
diff <($bin inventory --input "$dir/inventory.json" --search redline --sort priceDesc --all --json | jq -c '[.count, [.items[].id]]') \
     <(jq -c "$filter | [.count, [.items[].id]]" "$dir/inventory.json") && echo "tradedeck and jq agree"

hyperfine --warmup 2 --runs 10 \
  "$bin inventory --input $dir/inventory.json --search redline --sort priceDesc --all --json > /dev/null" \
  "jq '$filter' $dir/inventory.json > /dev/null"
