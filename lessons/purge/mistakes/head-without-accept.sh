# expect: digest Accept
# HEAD without an Accept header: 2.8 answers 404 for an OCI manifest, so the saved digest is empty.
# host: host-2
curl -sI "http://$REGISTRY/v2/my/app/manifests/v1" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' > /tmp/v1-digest.txt
