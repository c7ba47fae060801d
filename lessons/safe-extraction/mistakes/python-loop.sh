# expect: extract symlink write-through entry
# A "robust" Python script: extract member by member and skip the ones that fail. It trusts names and links.
M=$(curl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/drill/untrusted/manifests/v1)
curl -s -o ~/layer.tar.gz http://$REGISTRY/v2/drill/untrusted/blobs/$(echo "$M" | jq -r ".layers[0].digest")
mkdir -p ~/safe-rootfs
python3 - <<'PY'
import os, tarfile
dest = os.path.expanduser('~/safe-rootfs')
with tarfile.open(os.path.expanduser('~/layer.tar.gz')) as layer:
    for member in layer:
        try:
            layer.extract(member, dest)
        except Exception as error:
            print('skipped', member.name, error)
PY
