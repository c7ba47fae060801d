# expect: artifact not the empty descriptor
# The config keeps the image config media type, as if {} were an image configuration.
push_dataset '.config.mediaType = "application/vnd.oci.image.config.v1+json"'
