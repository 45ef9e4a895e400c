package service

// Background lets the lifecycle test run work the way the flow scheduler will.
var Background = (*Service).background
