"""Reading the service's counters from its Prometheus text, as the admin port serves it."""

import unittest

import server_count

PAGE = """# HELP jetty_handler_requests Dropwizard timer
# TYPE jetty_handler_requests summary
jetty_handler_requests{quantile="0.5"} 0.001
jetty_handler_requests_count 1234.0
jetty_handler_requests_sum 5.2
# TYPE roadcast_rate_limited_requests_total counter
roadcast_rate_limited_requests_total{endpoint_class="predict",tier="standard"} 7.0
roadcast_rate_limited_requests_total{endpoint_class="nodes",tier="standard"} 2.0
roadcast_rate_limited_requests_total{endpoint_class="predict",tier="free"} 0.0
roadcast_rate_limited_requests_created{endpoint_class="predict",tier="free"} 1.7e9
"""


class ServerCountTest(unittest.TestCase):
    def test_requests_and_refusals_by_tier(self):
        self.assertEqual(server_count.parse(PAGE), {"requests": 1234, "refused": {"standard": 9, "free": 0}})

    def test_a_page_without_the_request_timer_is_an_error(self):
        with self.assertRaises(ValueError):
            server_count.parse("up 1\n")

    def test_only_loopback(self):
        with self.assertRaises(ValueError):
            server_count.require_loopback("http://192.0.2.1:8081")


if __name__ == "__main__":
    unittest.main()
