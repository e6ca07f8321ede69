"""What users do, as commands: each validates its input, checks the actor's role and scope, writes through the one
write API and appends its audit row, in one transaction; a refusal is a typed `Refused` (its code is what the
callback translates), audited in a transaction of its own, and changes nothing. Commands take an `Actor` (the
principal, IP and request id), never Flask's globals: callbacks, routes, jobs and tests call them alike."""
