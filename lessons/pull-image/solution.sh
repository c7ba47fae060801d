# task: manifest
mkdir -p /tmp/pulled && cd /tmp/pulled
curl -sf -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/my/app/manifests/v1"

# task: blobs
cd /tmp/pulled
curl -sf -o config.json "http://$REGISTRY/v2/my/app/blobs/$(jq -r .config.digest manifest.json)"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -sf -o "${digest#sha256:}.tar.gz" "http://$REGISTRY/v2/my/app/blobs/$digest"
done
jq -r '.layers[].digest | ltrimstr("sha256:") | "\(.)  \(.).tar.gz"' manifest.json | sha256sum -c

# task: diff-ids
cd /tmp/pulled
for digest in $(jq -r '.layers[].digest' manifest.json); do
  echo "sha256:$(gunzip -c "${digest#sha256:}.tar.gz" | sha256sum | cut -d' ' -f1)"
done > ~/diff-ids.txt
jq -r '.rootfs.diff_ids[]' config.json | diff - ~/diff-ids.txt

# task: rootfs
mkdir -p ~/rootfs && cd /tmp/pulled
for digest in $(jq -r '.layers[].digest' manifest.json); do
  layer="${digest#sha256:}.tar.gz"
  for marker in $(tar -tzf "$layer" | grep '\.wh\.'); do
    name=$(basename "$marker"); rm -rf ~/rootfs/"$(dirname "$marker")/${name#.wh.}"
  done
  tar -xzf "$layer" -C ~/rootfs --exclude='.wh.*'
done

# task: challenge
image=$(sed -n 's/^Pull \([^ ]*\) from.*/\1/p' ~/challenge.txt)
repo=${image%:*}; tag=${image##*:}
mkdir -p /tmp/challenge ~/challenge-rootfs && cd /tmp/challenge
curl -sf -o manifest.json -H "Accept: application/vnd.oci.image.manifest.v1+json" "http://$REGISTRY/v2/$repo/manifests/$tag"
for digest in $(jq -r '.layers[].digest' manifest.json); do
  curl -sf -o layer.tar.gz "http://$REGISTRY/v2/$repo/blobs/$digest"
  echo "${digest#sha256:}  layer.tar.gz" | sha256sum -c
  for marker in $(tar -tzf layer.tar.gz | grep '\.wh\.'); do
    name=$(basename "$marker"); rm -rf ~/challenge-rootfs/"$(dirname "$marker")/${name#.wh.}"
  done
  tar -xzf layer.tar.gz -C ~/challenge-rootfs --exclude='.wh.*'
done
