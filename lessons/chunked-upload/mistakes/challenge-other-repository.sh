# expect: challenge (its _state says so)
# The challenge's upload continued on chunky, the repository of the earlier tasks: a session belongs to the repository it was opened in.
# host: host-1
cd ~/challenge
UPLOAD=$(sed 's#.*/blobs/uploads/##' location.txt)
STATUS=$(curl -si "http://$REGISTRY/v2/chunky/blobs/uploads/$UPLOAD" | tr -d '\r')
echo "$STATUS"
