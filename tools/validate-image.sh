#!/usr/bin/env bash
# validate-image.sh [--run] [--expect TEXT] ARCHIVE.tar
#
# Checks an image archive written by `stageplay build -o type=oci|docker,dest=...` or
# `stageplay save` (an OCI image layout in a tar, with Docker's manifest.json beside it for
# type=docker) with the real container tools, each reading the archive its own way:
#
#   layout      the tar extracts; oci-layout and index.json are what the image-layout spec
#               says; every blob's sha256 is its file name; every descriptor reachable from
#               index.json (indexes, manifests, configs, layers) names a blob of its size
#   skopeo      inspect (raw bytes hash to the index entry's digest, and --config), copy --all
#               to a dir: (every blob read and its digest checked)
#   umoci       unpack of every image manifest (nested indexes flattened), a rootfs each
#   oci-image-tool  validate --type image (the image-spec schemas, digests and sizes)
#   docker      with manifest.json: every entry names blobs that an OCI manifest of the
#               layout also names, in the same order; skopeo reads it as docker-archive
#   podman      load of the OCI archive alone into a scratch containers-storage (layers
#               decompressed and applied; manifest.json removed: podman would otherwise
#               take the lenient docker-archive path), the loaded image's ID is a manifest's
#               config digest; with --run, podman runs it (runc, no network) and it exits 0;
#               with --expect TEXT its output must contain TEXT
#
# Manifests with Docker's media types (docker save's older format) are valid for skopeo and
# podman but not for the OCI-only tools: umoci and oci-image-tool are then reported as skipped.
#
# Prints one line per check ("ok   ..." or "FAIL ..." with the tool's last lines) and ends
# with "validate-image: all N checks passed: ARCHIVE" (exit 0) or
# "validate-image: F of N checks failed: ARCHIVE" (exit 1). Exit 2: bad usage or a tool is
# missing (Debian: apt-get install -y skopeo umoci oci-image-tool podman runc jq).
set -uo pipefail

usage() { sed -n '2p' "$0" | sed 's/^# /usage: /'; }

run=0
expect=''
while [ $# -gt 0 ]; do
  case $1 in
    --run) run=1 ;;
    --expect) [ $# -ge 2 ] || { usage >&2; exit 2; }; run=1; expect=$2; shift ;;
    --expect=*) run=1; expect=${1#--expect=} ;;
    -h|--help) sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    -*) echo "validate-image: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -eq 1 ] || { usage >&2; exit 2; }
[ -f "$1" ] || { echo "validate-image: $1: no such file" >&2; exit 2; }
archive=$(realpath -- "$1")

tools=(tar jq sha256sum skopeo umoci oci-image-tool podman)
[ "$run" = 1 ] && tools+=(runc)
missing=()
for t in "${tools[@]}"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "validate-image: not installed: ${missing[*]} (Debian: apt-get install -y skopeo umoci oci-image-tool podman runc jq)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/validate-image.XXXXXX")
cleanup() { rm -rf "$work" 2>/dev/null || podman unshare rm -rf "$work" 2>/dev/null || true; }
trap cleanup EXIT
layout=$work/layout
podman_opts=(--root "$work/storage" --runroot "$work/runroot" --storage-driver vfs --events-backend none --cgroup-manager cgroupfs)

passed=0
failed=0
# check NAME COMMAND...: runs COMMAND (its output kept for a failure), counts and reports it.
check() {
  local name=$1 out
  shift
  # a tool gets 5 minutes; the checks written here as functions call tools through `t`
  if declare -F "$1" >/dev/null; then out=$("$@" 2>&1); else out=$(timeout 300 "$@" 2>&1); fi
  if [ $? -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok   %s\n' "$name"
    return 0
  fi
  failed=$((failed + 1))
  printf 'FAIL %s\n' "$name"
  printf '%s\n' "$out" | grep -v -e '^Getting image source signatures' -e '^Copying ' -e '^Writing manifest' -e '^Storing signatures' | tail -n 12 | sed 's/^/     > /'
  return 1
}
t() { timeout 300 "$@"; }
skip() { printf 'skip %s\n' "$1"; }
finish() {
  local total=$((passed + failed))
  if [ "$failed" -eq 0 ]; then echo "validate-image: all $total checks passed: $archive"; exit 0; fi
  echo "validate-image: $failed of $total checks failed: $archive"
  exit 1
}
blob() { printf '%s/blobs/%s\n' "$layout" "${1/://}"; }
is_index() { case $1 in application/vnd.oci.image.index.v1+json | application/vnd.docker.distribution.manifest.list.v2+json) return 0 ;; esac; return 1; }

# ---- layout ---------------------------------------------------------------------------
extract() { mkdir -p "$layout" && tar -xf "$archive" -C "$layout"; }
check 'tar extracts' extract || finish

layout_files() {
  jq -e '. == {"imageLayoutVersion": "1.0.0"}' "$layout/oci-layout" >/dev/null || { echo 'oci-layout is not {"imageLayoutVersion":"1.0.0"}'; return 1; }
  jq -e '.schemaVersion == 2 and (.manifests | type == "array" and length > 0)
         and all(.manifests[]; (.digest | test("^sha256:[0-9a-f]{64}$")) and (.size | type == "number") and (.mediaType | type == "string"))' \
    "$layout/index.json" >/dev/null || { echo 'index.json: want schemaVersion 2 and a non-empty manifests array of descriptors'; return 1; }
}
check 'oci-layout and index.json' layout_files || finish

blob_names() {
  local f sum bad=0
  [ -d "$layout/blobs/sha256" ] || { echo 'no blobs/sha256 directory'; return 1; }
  for f in "$layout"/blobs/sha256/*; do
    sum=$(sha256sum "$f" | cut -d' ' -f1)
    [ "$sum" = "$(basename "$f")" ] || { echo "blobs/sha256/$(basename "$f") hashes to $sum"; bad=1; }
  done
  return $bad
}
check 'every blob hashes to its name' blob_names

# Walks the descriptors from index.json down; prints "mediaType digest" of each image manifest
# (the leaves umoci and podman read). Fails when a descriptor names a missing or wrong-sized blob.
manifests_file=$work/manifests.txt
walk() { # walk INDEX_JSON_FILE
  local mt digest size f
  while read -r mt digest size; do
    f=$(blob "$digest")
    [ -f "$f" ] || { echo "$mt $digest: blob missing"; return 1; }
    [ "$(stat -c %s "$f")" = "$size" ] || { echo "$mt $digest: size $size, blob has $(stat -c %s "$f") bytes"; return 1; }
    if is_index "$mt"; then
      walk "$f" || return 1
    else
      jq -e '.config.digest and (.layers | type == "array")' "$f" >/dev/null || { echo "$digest: not an image manifest"; return 1; }
      jq -r '(.config, .layers[]) | "\(.mediaType) \(.digest) \(.size)"' "$f" | while read -r cmt cdigest csize; do
        [ -f "$(blob "$cdigest")" ] || { echo "$cmt $cdigest (in $digest): blob missing"; exit 1; }
        [ "$(stat -c %s "$(blob "$cdigest")")" = "$csize" ] || { echo "$cmt $cdigest (in $digest): size $csize differs"; exit 1; }
      done || return 1
      echo "$mt $digest" >>"$manifests_file"
    fi
  done < <(jq -r '.manifests[] | "\(.mediaType) \(.digest) \(.size)"' "$1")
}
: >"$manifests_file"
check 'every descriptor names a blob of its size' walk "$layout/index.json" || finish
oci_only=1
grep -q 'application/vnd.docker.' "$manifests_file" && oci_only=0

# ---- skopeo (containers/image) --------------------------------------------------------
# One source per index.json entry: no reference when there is one entry, else its ref.name.
raw_digest() { # SOURCE DIGEST
  local raw
  raw=$(t skopeo inspect --raw "$1") || return 1
  [ "sha256:$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)" = "$2" ] || { echo "skopeo's raw manifest does not hash to $2"; return 1; }
}
mapfile -t entries < <(jq -c '.manifests[] | {digest, name: (.annotations["org.opencontainers.image.ref.name"] // "")}' "$layout/index.json")
i=0
for entry in "${entries[@]}"; do
  digest=$(jq -r .digest <<<"$entry")
  name=$(jq -r .name <<<"$entry")
  if [ ${#entries[@]} -gt 1 ] && [ -z "$name" ]; then
    failed=$((failed + 1))
    echo "FAIL skopeo: index.json entry $i ($digest) has no org.opencontainers.image.ref.name to address it by"
    i=$((i + 1))
    continue
  fi
  src="oci-archive:$archive"
  [ ${#entries[@]} -gt 1 ] && src="$src:$name"
  check "skopeo inspect --raw $src is $digest" raw_digest "$src" "$digest"
  check "skopeo inspect $src" skopeo inspect "$src"
  check "skopeo inspect --config $src" skopeo inspect --config "$src"
  check "skopeo copy --all $src to dir:" skopeo copy -q --all "$src" "dir:$work/skopeo-dir-$i"
  i=$((i + 1))
done

# ---- umoci and oci-image-tool on a flattened copy: one named entry per image manifest ----
flat=$work/flat
flatten() {
  mkdir -p "$flat" && cp -al "$layout/blobs" "$flat/blobs" && cp "$layout/oci-layout" "$flat/oci-layout" || return 1
  local n=0 mt digest
  while read -r mt digest; do
    jq -n --arg mt "$mt" --arg d "$digest" --argjson size "$(stat -c %s "$(blob "$digest")")" --arg name "image-$n" \
      '{mediaType: $mt, digest: $d, size: $size, annotations: {"org.opencontainers.image.ref.name": $name}}'
    n=$((n + 1))
  done <"$manifests_file" | jq -s '{schemaVersion: 2, manifests: .}' >"$flat/index.json"
}
unpack() { # N: unpacks image-N of the flattened layout
  t umoci unpack --rootless --image "$flat:image-$1" "$work/bundle-$1" || return 1
  [ -d "$work/bundle-$1/rootfs" ] && [ -f "$work/bundle-$1/config.json" ] || { echo 'no rootfs/config.json in the bundle'; return 1; }
}
if [ "$oci_only" = 1 ]; then
  if check 'flattened layout for umoci and oci-image-tool' flatten; then
    n=0
    while read -r _ digest; do
      check "umoci unpack $digest" unpack "$n"
      n=$((n + 1))
    done <"$manifests_file"
    check 'oci-image-tool validate --type image' oci-image-tool validate --type image "$flat"
  fi
else
  skip 'umoci unpack and oci-image-tool validate: the manifests have Docker media types (OCI tools read only OCI ones)'
fi

# ---- Docker's manifest.json ------------------------------------------------------------
if [ -f "$layout/manifest.json" ]; then
  docker_manifest() {
    jq -e 'type == "array" and length > 0 and all(.[]; (.Config | type == "string") and (.Layers | type == "array") and (.RepoTags | type == "array" or type == "null"))' \
      "$layout/manifest.json" >/dev/null || { echo 'manifest.json: want a non-empty array of {Config, RepoTags, Layers}'; return 1; }
    local oci_views entry k=0
    # each OCI image manifest as Docker names it: {Config: "blobs/sha256/...", Layers: [...]}
    oci_views=$(while read -r _ digest; do
      jq -c '{Config: ("blobs/" + (.config.digest | sub(":"; "/"))), Layers: [.layers[].digest | "blobs/" + sub(":"; "/")]}' "$(blob "$digest")"
    done <"$manifests_file" | jq -s .)
    while read -r entry; do
      jq -e --argjson views "$oci_views" '. as $e | any($views[]; . == {Config: $e.Config, Layers: $e.Layers})' <<<"$entry" >/dev/null ||
        { echo "manifest.json entry $k: no OCI manifest in index.json has its Config and Layers"; return 1; }
      [ "$(jq -r '.Layers | length' <<<"$entry")" = "$(jq -r '.rootfs.diff_ids | length' "$layout/$(jq -r .Config <<<"$entry")")" ] ||
        { echo "manifest.json entry $k: Layers and the config's rootfs.diff_ids differ in length"; return 1; }
      k=$((k + 1))
    done < <(jq -c '.[]' "$layout/manifest.json")
  }
  check 'manifest.json agrees with the OCI manifests' docker_manifest
  count=$(jq 'length' "$layout/manifest.json" 2>/dev/null || echo 0)
  for ((k = 0; k < count; k++)); do
    src="docker-archive:$archive"
    [ "$count" -gt 1 ] && src="$src:@$k"
    check "skopeo inspect $src" skopeo inspect "$src"
    # the docker-archive reader checks each layer's uncompressed digest against the config's diff_ids
    check "skopeo copy $src to dir: (diff_ids)" skopeo copy -q "$src" "dir:$work/docker-dir-$k"
  done
fi

# ---- podman ----------------------------------------------------------------------------
oci_tar=$work/oci-only.tar
podman_load() {
  cp "$archive" "$oci_tar" || return 1
  if tar -tf "$oci_tar" manifest.json >/dev/null 2>&1; then tar --delete -f "$oci_tar" manifest.json || return 1; fi
  t podman "${podman_opts[@]}" load -q -i "$oci_tar" || return 1
  local id configs
  id=$(podman "${podman_opts[@]}" images -q --no-trunc | head -n 1)
  configs=$(while read -r _ digest; do jq -r .config.digest "$(blob "$digest")"; done <"$manifests_file")
  grep -qx -- "$id" <<<"$configs" || { echo "podman's image ID $id is no manifest's config digest ($configs)"; return 1; }
}
# Low, fixed limits: podman's defaults raise nofile/nproc, which a runtime without
# CAP_SYS_RESOURCE (rootless, or nested in another container) may not do; lowering always works.
podman_run() {
  local id out
  id=$(podman "${podman_opts[@]}" images -q --no-trunc | head -n 1)
  out=$(t podman "${podman_opts[@]}" --runtime runc run --rm --network none \
    --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$id" 2>&1) || { echo "$out"; return 1; }
  if [ -n "$expect" ] && [[ $out != *"$expect"* ]]; then printf '%s\n' "$out"; echo "its output does not contain: $expect"; return 1; fi
}
if check 'podman load (OCI archive)' podman_load && [ "$run" = 1 ]; then
  check "podman run${expect:+ (output contains \"$expect\")}" podman_run
fi

finish
