# tests/boot/boot-args.sh: the command line shared by boot-one.sh (x86) and boot-arm64.sh, sourced
# by each after it has defined usage():  MODE GUEST LOG [--xen F] [--timeout S] [--expect RE]
# [--xen-args "..."] [--check-release] [--release REL] [--xen-refuses RE]. Sets mode guest log
# xen limit expect xen_args check_release release xen_refuses; fails with status 2 when the guest image is missing.
[[ $# -ge 3 ]] || usage
mode=$1 guest=$2 log=$3
shift 3
xen="" limit=60 expect="" xen_args="" check_release=0 release="" xen_refuses=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --xen) xen=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --expect) expect=$2; shift 2 ;;
    --xen-args) xen_args=$2; shift 2 ;;
    --check-release) check_release=1; shift ;;
    --release) release=$2; shift 2 ;;
    --xen-refuses) xen_refuses=$2; shift 2 ;;
    *) usage ;;
  esac
done
[[ -f $guest ]] || { echo "$(basename "$0"): no guest image $guest" >&2; exit 2; }
