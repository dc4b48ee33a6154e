#!/usr/bin/env bash
# scripts/fetch-xen.sh RELEASE ARCH OUT: put Debian's Xen hypervisor RELEASE (4.14, 4.17, 4.20)
# for ARCH (amd64, arm64) at OUT, as QEMU's -kernel boots it: on amd64 the 32-bit multiboot ELF
# (the package's boot/xen-REL-amd64.gz, gunzipped), on arm64 the Image boot/xen-REL-arm64.
# ARCH "source": Debian's source package xen of that suite instead (deb-src; apt-get source
# --download-only, then dpkg-source -x), unpacked with Debian's patches applied in the cache;
# OUT becomes a symbolic link to it (scripts/build-xen-pv32.sh builds from it). When a version's
# files cannot be downloaded, the next older version the lists name is tried.
#
# The package xen-hypervisor-RELEASE-ARCH comes from the Debian suite that ships that release
# (the table below), through a private apt configuration under $XSHIM_CACHE/apt/<suite>-<arch>
# (its own sources.list, lists, cache and empty dpkg status; APT::Architecture set to ARCH there
# only): the host's apt sources, lists and dpkg architectures are not touched, and nothing is
# installed (apt-get download, then dpkg-deb -x). The archive URLs are the host's own, read from
# /etc/apt/sources.list{,.d} at run time (the one serving the host's codename, and the one
# serving <codename>-security); XSHIM_DEBIAN_ARCHIVE and XSHIM_DEBIAN_SECURITY override them
# (a mirror; "none" leaves the security archive out).
#
# Cache: $XSHIM_CACHE/xen/<package>_<version>/ holds xen (what OUT gets), xen.config (the build's
# .config, e.g. to see CONFIG_PV32) and the .deb's name. The version is the candidate apt finds
# in the private lists, which are refreshed when older than XSHIM_APT_MAX_AGE seconds (default
# one day): a new point release makes a new cache folder. When the archive cannot be reached,
# the newest cached version is used (with a warning); with none cached the script fails and
# says what is missing. Every network step is bounded by `timeout`.
# XSHIM_CACHE defaults to ~/.cache/xshim.
set -euo pipefail

usage() { sed -n '2,26p' "$0" >&2; exit 2; }
[[ $# -eq 3 ]] || usage
rel=$1 arch=$2 out=$3

# Which Debian suite ships which Xen release (the hypervisor packages are named by release).
declare -A suite_of=([4.14]=bullseye [4.17]=bookworm [4.20]=trixie)
declare -A file_of=([amd64]="boot/xen-${rel}-amd64.gz" [arm64]="boot/xen-${rel}-arm64" [source]=-)
[[ -n ${suite_of[$rel]+x} ]] || { echo "fetch-xen: no Debian suite known for Xen $rel (know: ${!suite_of[*]})" >&2; exit 2; }
[[ -n ${file_of[$arch]+x} ]] || { echo "fetch-xen: unknown architecture $arch (know: ${!file_of[*]})" >&2; exit 2; }
suite=${suite_of[$rel]}
pkg="xen-hypervisor-${rel}-${arch}" payload=xen deb=deb
[[ $arch == source ]] && pkg="xen" payload=src/xen/Makefile deb=deb-src
root="${XSHIM_CACHE:-$HOME/.cache/xshim}"
apt_dir="$root/apt/${suite}-${arch}"
max_age=${XSHIM_APT_MAX_AGE:-86400}
say() { echo "fetch-xen: $*" >&2; }

# The newest cached extraction of this package, if any.
newest_cached() {
  local d
  d=$(ls -d "$root/xen/${pkg}_"*/ 2>/dev/null | sed 's:/$::' | sort -V | tail -n 1 || true)
  [[ -n $d && -s $d/$payload ]] && echo "$d"
  return 0
}

install_out() {
  mkdir -p "$(dirname "$out")"
  if [[ $arch == source ]]; then
    ln -sfn "$1/src" "$out"
    echo "fetch-xen: Xen $rel source at $out (from $(cat "$1/deb"), cached in $1)"
    return
  fi
  if ! cmp -s "$1/xen" "$out"; then cp "$1/xen" "$out.tmp" && mv "$out.tmp" "$out"; fi
  echo "fetch-xen: Xen $rel $arch at $out (from $(cat "$1/deb"), cached in $1)"
}

# The host's archive URLs: "URI SUITE" for every deb source (one-line and deb822 formats).
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $f ]] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } print $i, $(i+1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'function flush() { if (types ~ /(^| )deb( |$)/) for (u in uris) for (s in suites) print u, s
                            types = ""; delete uris; delete suites }
         /^[ \t]*$/ { flush(); next }
         /^#/ { next }
         tolower($1) == "types:" { $1 = ""; types = $0 " " }
         tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[$i] }
         tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suites[$i] }
         END { flush() }' "$f"
  done
}

# Serialise on this suite's private lists (test-boot and test-boot-arm64 may run at once).
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts" "$root/xen"
exec 9>"$apt_dir/lock"
flock -w 600 9 || { say "waited 600 s for $apt_dir/lock"; exit 1; }

apt_arch=$arch; [[ $arch == source ]] && apt_arch=$(dpkg --print-architecture)
apt_opts=(-q -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/parts"
          -o "Dir::Etc::preferencesparts=$apt_dir/parts" -o "Dir::Etc::preferences=$apt_dir/parts/none"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o "Dir::State::status=$apt_dir/status" -o "APT::Architecture=$apt_arch"
          -o "APT::Architectures::=$apt_arch" -o Acquire::Languages=none -o Acquire::Retries=2)
touch "$apt_dir/status"

codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
sources=$(host_sources)
archive=${XSHIM_DEBIAN_ARCHIVE:-$(awk -v s="$codename" '$2 == s { print $1; exit }' <<<"$sources")}
security=${XSHIM_DEBIAN_SECURITY:-$(awk -v s="$codename-security" '$2 == s { print $1; exit }' <<<"$sources")}
[[ $security == none ]] && security=""
if [[ -z $archive ]]; then
  cached=$(newest_cached)
  [[ -n $cached ]] && { say "no Debian archive for '$codename' in the host's apt sources; using the cache"; install_out "$cached"; exit 0; }
  say "cannot fetch $pkg: the host's apt sources name no Debian archive for its codename '$codename'"
  say "(looked in /etc/apt/sources.list and /etc/apt/sources.list.d/); nothing cached under $root/xen"
  exit 1
fi
key=/usr/share/keyrings/debian-archive-keyring.gpg
{
  echo "$deb [signed-by=$key] $archive $suite main"
  [[ -n $security ]] && echo "$deb [signed-by=$key] $security ${suite}-security main"
} >"$apt_dir/sources.list.new"
if ! cmp -s "$apt_dir/sources.list.new" "$apt_dir/sources.list"; then
  mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
  rm -f "$apt_dir/updated"
else
  rm -f "$apt_dir/sources.list.new"
fi

# Refresh the private lists when older than max_age (or never fetched).
age=$(( $(date +%s) - $(stat -c %Y "$apt_dir/updated" 2>/dev/null || echo 0) ))
if (( age > max_age )); then
  say "apt-get update of $suite ($arch) from $archive${security:+ and $security} (private lists in $apt_dir)"
  if timeout 300 apt-get "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 \
     && ! grep -qE '^(W|E): (Failed|Some index)' "$apt_dir/update.log"; then
    touch "$apt_dir/updated"
  else
    cached=$(newest_cached)
    if [[ -n $cached ]]; then
      say "WARNING: could not refresh $suite ($arch) lists (see $apt_dir/update.log); using the cached $(basename "$cached")"
      install_out "$cached"
      exit 0
    fi
    say "cannot fetch $pkg: apt-get update of '$suite main' ($arch) from $archive failed"
    say "or timed out (300 s); nothing cached under $root/xen. apt said:"
    grep -E '^(W|E):' "$apt_dir/update.log" | sed 's/^/  /' >&2 || tail -n 5 "$apt_dir/update.log" >&2
    exit 1
  fi
fi

if [[ $arch == source ]]; then
  versions=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" | awk '$1 == "Version:" { print $2 }' | sort -Vr -u)
else
  versions=$(apt-cache "${apt_opts[@]}" policy "$pkg" | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }')
fi
if [[ -z $versions ]]; then
  say "cannot fetch $pkg: the $suite lists from $archive ($arch) have no such package"
  exit 1
fi
for version in $versions; do
  dir="$root/xen/${pkg}_${version}"
  if [[ -s $dir/$payload ]]; then
    install_out "$dir"
    exit 0
  fi
  [[ $arch == source ]] || break
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download drops to the _apt user, which must be able to write here.
chmod 755 "$work"; chown _apt "$work" 2>/dev/null || true
got=""
for version in $versions; do
  dir="$root/xen/${pkg}_${version}"
  say "downloading $pkg $version ($suite, $arch)"
  if [[ $arch == source ]]; then
    (cd "$work" && timeout 600 apt-get "${apt_opts[@]}" source --download-only "$pkg=$version" >&2) && got=$version && break
  else
    (cd "$work" && timeout 300 apt-get "${apt_opts[@]}" download "$pkg=$version" >&2) && got=$version && break
  fi
  say "apt-get could not download $pkg $version from $archive${security:+ or $security}"
  rm -f "$work"/*.deb "$work"/*.dsc "$work"/*.tar.* 2>/dev/null || true
done
[[ -n $got ]] || { say "cannot fetch $pkg: no version of it could be downloaded (tried: $(echo $versions))"; exit 1; }
mkdir -p "$root/xen"
rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
if [[ $arch == source ]]; then
  dsc=$(ls "$work"/*.dsc | head -n 1)
  # apt checked the files against the signed Release and Sources lists; dpkg-source applies
  # Debian's patches.
  dpkg-source --no-check -x "$dsc" "$dir.tmp/src" >"$work/dpkg-source.log" 2>&1 \
    || { say "dpkg-source -x $(basename "$dsc") failed:"; tail -n 5 "$work/dpkg-source.log" >&2; exit 1; }
  echo "$(basename "$dsc") ($(cat "$work"/*.dsc "$work"/*.tar.* | wc -c) bytes)" >"$dir.tmp/deb"
else
  deb=$(ls "$work/${pkg}_"*.deb 2>/dev/null | head -n 1)
  [[ -n $deb ]] || { say "apt-get download of $pkg gave no .deb"; exit 1; }
  dpkg-deb -x "$deb" "$work/x"
  file=${file_of[$arch]}
  [[ -s $work/x/$file ]] || { say "$(basename "$deb") has no $file"; exit 1; }
  case $file in
    *.gz) gunzip -c "$work/x/$file" >"$dir.tmp/xen" ;;
    *) cp "$work/x/$file" "$dir.tmp/xen" ;;
  esac
  cp "$work/x/boot/xen-${rel}-${arch}.config" "$dir.tmp/xen.config" 2>/dev/null || true
  echo "$(basename "$deb") ($(stat -c %s "$deb") bytes)" >"$dir.tmp/deb"
fi
rm -rf "$dir" && mv "$dir.tmp" "$dir"
install_out "$dir"
