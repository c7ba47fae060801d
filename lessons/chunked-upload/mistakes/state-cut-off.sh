# expect: chunks it was cut off
# The Location copied from a wrapped terminal line: only its first 150 characters, so _state is cut short.
# host: host-1
cd ~ && split -b 10000 -d layer.tar.gz part-
LOCATION=$(open_upload | head -c 150)
send_parts "$LOCATION" part-*
