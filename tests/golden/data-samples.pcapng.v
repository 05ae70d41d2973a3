22:13:20.001000 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x100000000 <VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x100000000 <VERSION_1>  [12+8]
        bit 32: VERSION_1
22:13:20.002000 s1 data vring 0 avail head 0: blk IN sector 2048 len 512
22:13:20.003000 s1 data vring 0 avail head 1: blk OUT sector 16 len 512
22:13:20.004000 s1 data vring 0 used head 0: blk IN sector 2048 len 512 status OK, 40.0us (request frame 2)
22:13:20.005000 s1 data vring 0 used head 1: blk OUT sector 16 len 512 status IOERR, 50.0us (request frame 3)
22:13:20.006000 s2 data vring 1 avail head 0: fuse LOOKUP unique 12 nodeid 1 name "missing"
22:13:20.007000 s2 data vring 1 avail head 1: fuse READ unique 14 nodeid 7 offset 0 size 4096
22:13:20.008000 s2 data vring 1 used head 0: fuse LOOKUP unique 12 nodeid 1 reply len 16 error ENOENT (-2), 30.0us (request frame 6)
22:13:20.009000 s2 data vring 1 used head 1: fuse READ unique 14 nodeid 7 reply len 21 ok, 30.0us (request frame 7)
22:13:20.010000 s3 data vring 1 avail head 0: vsock tx 3:1234 > 2:5000 STREAM REQUEST len 0 buf_alloc 65536 fwd_cnt 0
22:13:20.011000 s4 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x100000000 <VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x100000000 <VERSION_1>  [12+8]
        bit 32: VERSION_1
22:13:20.012000 s4 data vring 1 avail head 0: net tx0 len 98 52:54:00:12:34:56 > 02:00:00:00:00:01, IPv4 10.0.0.1 > 10.0.0.2 ICMP echo request id 0 seq 0
22:13:20.013000 s1 data vring 0 avail head 2: blk IN sector 4096 len 4096
22:13:20.014000 s1 data vring 0 used head 2: blk IN sector 4096 len 4096 status OK, 20.0us (request frame 13)
