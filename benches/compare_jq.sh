#!/usr/bin/env bash
# The headless search side by side with jq and jaq (each when installed) on the same saved
# /client/inventory response: the same answer first, then paired runs (tradedeck, then each
# tool, in turn), the median wall time and peak memory of each, and the ratio.
#   benches/compare_jq.sh [ITEMS] [RUNS]        (defaults: 100000 items, 7 runs)
# Needs curl and GNU time (/usr/bin/time). Memory alone: benches/memory.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-100000}
runs=${2:-7}
cargo build --release --quiet
bin=$PWD/target/release/tradedeck
dir=$(mktemp -d)
sim=
trap '[ -n "$sim" ] && kill $sim 2>/dev/null; rm -rf "$dir"' EXIT

port=8790
$bin sim --port $port --items "$items" >/dev/null 2>&1 & sim=$!
until curl -s -o /dev/null "http://127.0.0.1:$port/client/inventory?limit=1" -H "Authorization: demo-client-token"; do sleep 0.1; done
curl -s -o "$dir/inventory.json" "http://127.0.0.1:$port/client/inventory?limit=-1" -H "Authorization: demo-client-token"
kill $sim; sim=
echo "saved $(stat -c %s "$dir/inventory.json") bytes, $items items"

query="inventory --input $dir/inventory.json --search redline --sort priceDesc --all --json"
filter='.data.inventory
  | map(select(((.name // "") | ascii_downcase | contains("redline")) or ((.marketHashName // "") | ascii_downcase | contains("redline"))))
  | sort_by(-.offer.price) | {count: length, items: .}'
tools=()
for tool in jq jaq; do command -v $tool >/dev/null && tools+=("$tool"); done
# The same answer first: counts and the order of the ids.
want=$($bin $query | jq -c '[.count, [.items[].id]]' 2>/dev/null || $bin $query | head -c 200)
for tool in "${tools[@]}"; do
  got=$($tool -c "$filter | [.count, [.items[].id]]" "$dir/inventory.json")
  if [ "$got" == "$want" ]; then echo "tradedeck and $tool agree"; else echo "tradedeck and $tool DISAGREE"; exit 1; fi
done

# One run: wall seconds and peak KiB.
measure() { /usr/bin/time -f "%e %M" -o "$dir/t" "$@" > /dev/null; cat "$dir/t"; }
declare -A wall mem
for ((r = 0; r < runs; r++)); do
  read -r w m < <(measure $bin $query); wall[tradedeck]+="$w "; mem[tradedeck]+="$m "
  for tool in "${tools[@]}"; do
    read -r w m < <(measure $tool "$filter" "$dir/inventory.json"); wall[$tool]+="$w "; mem[$tool]+="$m "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t=$(echo "${wall[tradedeck]}" | median)
printf "%-10s median %6.3f s  peak %7d KiB\n" tradedeck "$t" "$(echo "${mem[tradedeck]}" | median)"
for tool in "${tools[@]}"; do
  w=$(echo "${wall[$tool]}" | median)
  printf "%-10s median %6.3f s  peak %7d KiB  tradedeck is %.1f× faster\n" "$tool" "$w" "$(echo "${mem[$tool]}" | median)" \
    "$(echo "$w $t" | awk '{ if ($2 > 0) print $1 / $2; else print 0 }')"
done
