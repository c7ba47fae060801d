# expect: artifact org.opencontainers.image.title
# No title annotation: a client pulling it cannot tell what to call the file.
push_dataset 'del(.layers[0].annotations)'
