# expect: artifact artifactType
# No artifactType: nothing says what kind of artifact this is.
push_dataset 'del(.artifactType)'
