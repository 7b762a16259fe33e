"""Run every benchmark and print its figures."""
import sys

from bench import gateway_bench, policy_bench


def main() -> None:
    policy = policy_bench.run()
    print(policy_bench.report(policy), flush=True)
    print(flush=True)
    print(gateway_bench.report(gateway_bench.run()), flush=True)


if __name__ == "__main__":
    sys.exit(main())
