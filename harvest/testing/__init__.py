"""What exercises the harvester from outside: a loopback OAI-PMH provider that misbehaves on
request, used by harvest's tests, the production smoke test and the benchmarks."""
