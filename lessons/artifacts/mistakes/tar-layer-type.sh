# expect: artifact not a tar
# The layer keeps the image layer media type although the bytes are a CSV file.
push_dataset '.layers[0].mediaType = "application/vnd.oci.image.layer.v1.tar+gzip"'
