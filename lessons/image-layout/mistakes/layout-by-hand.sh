# expect: layout imageLayoutVersion
# A layout assembled by hand with curl: blobs and index.json are right, but the marker says "1.0".
layout_by_hand 1.0
