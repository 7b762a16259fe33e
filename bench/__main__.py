"""Run every benchmark and print its figures (`make bench`)."""
from bench import ces_bench, consent_bench, csv_bench, gateway_bench, policy_bench, reports_bench, web_bench


def main() -> None:
    for benchmark in (policy_bench, gateway_bench, consent_bench, csv_bench, reports_bench, ces_bench,
                      web_bench):
        print(benchmark.report(benchmark.run()), flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
