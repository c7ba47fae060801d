# expect: challenge last upload went to private/app
# The challenge's file is pushed into the lesson's repository instead of the one challenge.txt names.
push_with "$(token_for repository:private/app:pull,push)" private/app ~/challenge.bin
