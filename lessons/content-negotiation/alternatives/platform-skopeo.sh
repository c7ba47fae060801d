# passes: platform
# skopeo picks the child for a platform itself (--override-*) and prints the config's raw bytes.
skopeo inspect --tls-verify=false --override-os linux --override-arch arm --override-variant v7 --config --raw \
  docker://$REGISTRY/negotiate:multi > /tmp/arm-v7-config.json
