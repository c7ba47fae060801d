# expect: unauthorized without regard to case
# grep for "WWW-Authenticate" in capitals: distribution writes "Www-Authenticate", so the file is empty.
curl -si "http://$REGISTRY/v2/private/app/tags/list" | grep 'WWW-Authenticate' | cut -d' ' -f2- > /tmp/www-authenticate.txt
